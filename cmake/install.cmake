# install.cmake — `cmake --install` makes coolio a CMake package (issue 8).
#
# An outside project then writes
#   find_package(coolio REQUIRED)
#   target_link_libraries(app PRIVATE coolio::coolio)
# and gets the runtime and the tracer. The package's targets:
#   coolio::core    the runtime (core/), no dependencies
#   coolio::tracer  the tracer (tracer/): writes and reads traces; needs nlohmann_json, fmt
#   coolio::coolio  both: what a program that traces itself links
# coolio-trace is installed too, so the program's trace can be opened with it, and the
# exercises with it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(COOLIO_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/coolio)

set_target_properties(coolio PROPERTIES EXPORT_NAME core)
set_target_properties(coolio_tracer PROPERTIES EXPORT_NAME tracer)
install(TARGETS coolio coolio_tracer EXPORT coolio-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/ ${PROJECT_SOURCE_DIR}/tracer/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(TARGETS coolio-trace RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The exercises, where an installed coolio-trace looks for them (see cmd_exercise.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/exercises/ DESTINATION ${CMAKE_INSTALL_DATADIR}/coolio/exercises)
install(EXPORT coolio-targets NAMESPACE coolio:: DESTINATION ${COOLIO_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/coolio-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/coolio-config.cmake INSTALL_DESTINATION ${COOLIO_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/coolio-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/coolio-config.cmake ${CMAKE_CURRENT_BINARY_DIR}/coolio-config-version.cmake
  DESTINATION ${COOLIO_CMAKE_DIR})
